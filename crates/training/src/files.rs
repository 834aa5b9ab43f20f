//! Uploaded files: the declared type must be one the use case accepts and the leading bytes
//! must agree with it (a renamed executable is refused), the size is capped, and the bytes are
//! stored under the data directory by a generated name — never by a name the client chose, so
//! no upload can reach outside its folder.

use crate::error::{Result, TrainingError};
use sea_orm::DatabaseTransaction;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The media types the checker recognises by their leading bytes; a use case accepts some.
pub const PDF: &str = "application/pdf";
pub const JPEG: &str = "image/jpeg";
pub const PNG: &str = "image/png";
pub const MP4: &str = "video/mp4";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/// A type we know how to recognise: its media type, the extension stored, and a check of its
/// leading bytes.
struct Kind {
    media: &'static str,
    ext: &'static str,
    magic: fn(&[u8]) -> bool,
}

const ZIP: &[u8] = b"PK\x03\x04";

const KINDS: [Kind; 7] = [
    Kind {
        media: PDF,
        ext: "pdf",
        magic: |b| b.starts_with(b"%PDF-"),
    },
    Kind {
        media: JPEG,
        ext: "jpg",
        magic: |b| b.starts_with(b"\xFF\xD8\xFF"),
    },
    Kind {
        media: PNG,
        ext: "png",
        magic: |b| b.starts_with(b"\x89PNG\r\n\x1a\n"),
    },
    // ISO base media: a box size, then `ftyp`.
    Kind {
        media: MP4,
        ext: "mp4",
        magic: |b| b.get(4..8) == Some(b"ftyp".as_slice()),
    },
    Kind {
        media: XLSX,
        ext: "xlsx",
        magic: |b| b.starts_with(ZIP),
    },
    Kind {
        media: DOCX,
        ext: "docx",
        magic: |b| b.starts_with(ZIP),
    },
    Kind {
        media: PPTX,
        ext: "pptx",
        magic: |b| b.starts_with(ZIP),
    },
];

/// A checked upload: its media type and the extension it is stored with.
#[derive(Debug, Clone, Copy)]
pub struct Checked {
    pub media: &'static str,
    pub ext: &'static str,
}

/// A stored or generated file to hand out, with the name to save it under and its own
/// content type (archive items, exports, course materials).
#[derive(Debug, Clone)]
pub struct FileOut {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Checks the declared `content_type` against `allowed` and the bytes against the type and
/// `limit`. Refusals are field errors (422): the caller can fix them.
pub fn check(content_type: &str, bytes: &[u8], allowed: &[&str], limit: usize) -> Result<Checked> {
    let ct = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let names: Vec<&str> = allowed
        .iter()
        .filter_map(|a| KINDS.iter().find(|k| k.media == *a).map(|k| k.ext))
        .collect();
    let Some(kind) = KINDS
        .iter()
        .find(|k| k.media == ct && allowed.contains(&k.media))
    else {
        return Err(TrainingError::field(
            "/content_type",
            "unsupported",
            format!("仅接受以下类型:{}", names.join("、")),
            format!("send one of: {}", names.join(", ")),
        ));
    };
    if bytes.is_empty() || bytes.len() > limit || !(kind.magic)(bytes) {
        let mib = limit / (1024 * 1024);
        return Err(TrainingError::field(
            "/file",
            "content",
            format!("文件为空、超过{mib} MiB或与类型不符"),
            format!("the file is empty, over {mib} MiB, or not of its type"),
        ));
    }
    Ok(Checked {
        media: kind.media,
        ext: kind.ext,
    })
}

/// The extension stored for a media type (for download names).
pub fn ext_of(media: &str) -> &'static str {
    KINDS
        .iter()
        .find(|k| k.media == media)
        .map(|k| k.ext)
        .unwrap_or("bin")
}

/// Writes `bytes` to `<data dir>/<folder>/<owner>/<id>.<ext>`; returns the relative path to
/// store. The caller removes the file again when its transaction fails.
pub fn store(
    data_dir: &Path,
    folder: &str,
    owner: Uuid,
    id: Uuid,
    ext: &str,
    bytes: &[u8],
) -> Result<PathBuf> {
    let rel = PathBuf::from(folder)
        .join(owner.to_string())
        .join(format!("{id}.{ext}"));
    let abs = data_dir.join(&rel);
    let io = |e: std::io::Error| TrainingError::Storage(format!("{}: {e}", abs.display()));
    if let Some(dir) = abs.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(&abs, bytes).map_err(io)?;
    Ok(rel)
}

/// Reads a stored file back.
pub fn read(data_dir: &Path, rel: &str) -> Result<Vec<u8>> {
    std::fs::read(data_dir.join(rel)).map_err(|e| TrainingError::Storage(format!("{rel}: {e}")))
}

/// Removes a stored file, ignoring a file already gone.
pub fn remove(data_dir: &Path, rel: &Path) {
    let _ = std::fs::remove_file(data_dir.join(rel));
}

/// Finishes a write that records a file already stored at `rel`: commits `txn` when
/// `written` (the rows and the audit entry) succeeded, and removes the file again when it
/// failed or the commit fails, so no stored file outlives its rolled-back row. The file is
/// stored before the transaction writes because the row must name it.
pub async fn commit_or_remove<T>(
    txn: DatabaseTransaction,
    data_dir: &Path,
    rel: &Path,
    written: Result<T>,
) -> Result<T> {
    let out = match written {
        Ok(out) => out,
        Err(e) => {
            remove(data_dir, rel);
            return Err(e);
        }
    };
    if let Err(e) = txn.commit().await {
        remove(data_dir, rel);
        return Err(e.into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_type_must_be_allowed_and_match_the_bytes() {
        let pdf = b"%PDF-1.7 ...";
        assert!(check("application/pdf", pdf, &[PDF], 100).is_ok());
        assert!(check("application/pdf; charset=x", pdf, &[PDF], 100).is_ok());
        assert!(check("image/png", pdf, &[PDF, PNG], 100).is_err());
        assert!(check("text/html", b"<html>", &[PDF], 100).is_err());
        assert!(check("application/pdf", pdf, &[PDF], 5).is_err());
        assert!(check("application/pdf", b"", &[PDF], 100).is_err());
        assert!(check("video/mp4", b"\0\0\0\x18ftypmp42", &[MP4], 100).is_ok());
        assert!(check("video/mp4", b"\0\0\0\x18moov", &[MP4], 100).is_err());
    }
}
