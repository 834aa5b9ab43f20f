//! Personal data at rest: national ID numbers are stored AES-256-GCM encrypted, plus an HMAC
//! "blind index" so that uniqueness and exact lookup work without decrypting anything.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Why a ciphertext could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the data-encryption key must be 64 bytes (32 for encryption, 32 for the blind index)")]
    KeyLength,
    #[error("ciphertext is malformed or was encrypted with another key")]
    Open,
}

/// Encrypts and indexes personal data. Cloning is cheap enough for app state.
#[derive(Clone)]
pub struct PiiCipher {
    aead: Aes256Gcm,
    index_key: [u8; 32],
}

impl std::fmt::Debug for PiiCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PiiCipher(**redacted**)")
    }
}

impl PiiCipher {
    /// `key` is 64 bytes: the first half encrypts, the second half keys the blind index, so
    /// that leaking one does not give the other.
    pub fn new(key: &[u8]) -> Result<Self, CryptoError> {
        if key.len() != 64 {
            return Err(CryptoError::KeyLength);
        }
        let aead = Aes256Gcm::new_from_slice(&key[..32]).map_err(|_| CryptoError::KeyLength)?;
        let mut index_key = [0u8; 32];
        index_key.copy_from_slice(&key[32..]);
        Ok(PiiCipher { aead, index_key })
    }

    /// A fresh random 64-byte key (development keys are generated with this).
    pub fn generate_key() -> [u8; 64] {
        let mut k = [0u8; 64];
        rand::thread_rng().fill_bytes(&mut k);
        k
    }

    /// base64(nonce ‖ ciphertext ‖ tag).
    pub fn encrypt(&self, plaintext: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        // AES-GCM encryption cannot fail for inputs below 64 GiB.
        let ct = self
            .aead
            .encrypt(&Nonce::from(nonce), plaintext.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        STANDARD.encode(out)
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, CryptoError> {
        let raw = STANDARD.decode(stored).map_err(|_| CryptoError::Open)?;
        if raw.len() < 12 + 16 {
            return Err(CryptoError::Open);
        }
        let (nonce, ct) = raw.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| CryptoError::Open)?;
        let pt = self
            .aead
            .decrypt(&Nonce::from(nonce), ct)
            .map_err(|_| CryptoError::Open)?;
        String::from_utf8(pt).map_err(|_| CryptoError::Open)
    }

    /// Deterministic keyed hash for exact lookup and uniqueness (hex HMAC-SHA256).
    pub fn blind_index(&self, value: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.index_key)
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// HMAC accepts keys of any length, so construction never fails.
fn unreachable_hmac() -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(b"k").unwrap_or_else(|_| unreachable_hmac())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_index_is_keyed() {
        let a = PiiCipher::new(&PiiCipher::generate_key()).unwrap_or_else(|_| panic!("key"));
        let b = PiiCipher::new(&PiiCipher::generate_key()).unwrap_or_else(|_| panic!("key"));
        let sealed = a.encrypt("11010519491231002X");
        assert!(!sealed.contains("1101"));
        assert_eq!(
            a.decrypt(&sealed).ok().as_deref(),
            Some("11010519491231002X")
        );
        assert!(b.decrypt(&sealed).is_err(), "another key must not open it");
        assert_eq!(a.blind_index("x"), a.blind_index("x"));
        assert_ne!(a.blind_index("x"), b.blind_index("x"));
        assert!(PiiCipher::new(&[0u8; 32]).is_err());
    }
}
