import {
  addEccAndInterleave,
  alignmentPositions,
  byteCapacity,
  dataCodewords,
  encodeCodewords,
  encodeText,
  formatBits,
  numDataCodewords,
  reedSolomon,
  versionBits,
} from './qr';

describe('the QR encoder', () => {
  it('computes Reed–Solomon codewords as in the 1-M "HELLO WORLD" example', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(reedSolomon(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });

  it('knows the capacities of the standard', () => {
    expect(numDataCodewords(1, 'L')).toBe(19);
    expect(numDataCodewords(1, 'H')).toBe(9);
    expect(numDataCodewords(5, 'Q')).toBe(62);
    expect(numDataCodewords(13, 'M')).toBe(334);
    expect(numDataCodewords(40, 'L')).toBe(2956);
    expect(byteCapacity(1, 'L')).toBe(17);
    expect(byteCapacity(10, 'L')).toBe(271);
    expect(byteCapacity(40, 'L')).toBe(2953);
    expect(byteCapacity(40, 'H')).toBe(1273);
  });

  it('protects the format and version information as in the standard tables', () => {
    expect(formatBits('M', 0).toString(2).padStart(15, '0')).toBe('101010000010010');
    expect(formatBits('L', 0).toString(2).padStart(15, '0')).toBe('111011111000100');
    expect(formatBits('H', 7).toString(2).padStart(15, '0')).toBe('000100000111011');
    expect(versionBits(7)).toBe(0x07c94);
    expect(versionBits(40)).toBe(0x28c69);
  });

  it('places alignment patterns where the standard does', () => {
    expect(alignmentPositions(1)).toEqual([]);
    expect(alignmentPositions(2)).toEqual([6, 18]);
    expect(alignmentPositions(7)).toEqual([6, 22, 38]);
    expect(alignmentPositions(32)).toEqual([6, 34, 60, 86, 112, 138]);
    expect(alignmentPositions(40)).toEqual([6, 30, 58, 86, 114, 142, 170]);
  });

  it('pads byte-mode data with 0xEC 0x11', () => {
    const cw = dataCodewords(new TextEncoder().encode('A'), 1, 'H');
    // 0100 00000001 01000001 0000 -> 0x40 0x14 0x10, then padding
    expect(cw).toEqual([0x40, 0x14, 0x10, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11]);
  });

  it('interleaves every codeword once', () => {
    const data = dataCodewords(new TextEncoder().encode('x'.repeat(100)), 10, 'Q');
    expect(addEccAndInterleave(data, 10, 'Q')).toHaveLength(346);
  });

  it('draws finder patterns, timing and the dark module', () => {
    const s = encodeCodewords(addEccAndInterleave(dataCodewords(new TextEncoder().encode('seforce'), 1, 'M'), 1, 'M'), 1, 'M', 2);
    expect(s.size).toBe(21);
    const row = (y: number, from: number) => s.modules[y]!.slice(from, from + 7).map((d) => (d ? 1 : 0)).join('');
    expect(row(0, 0)).toBe('1111111');
    expect(row(2, 0)).toBe('1011101');
    expect(row(6, 14)).toBe('1111111');
    expect(s.modules[6]!.slice(8, 13).map((d) => (d ? 1 : 0)).join('')).toBe('10101');
    expect(s.modules[13]![8]).toBe(true);
  });

  it('picks the smallest version and raises the level while it fits', () => {
    const url = `https://seforce.example.cn/sign-in?session=0199a3b2-7c1d-7e00-8000-000000000001&code=${'e'.repeat(240)}`;
    const s = encodeText(url);
    expect(byteCapacity(s.version, s.ecl)).toBeGreaterThanOrEqual(new TextEncoder().encode(url).length);
    expect(byteCapacity(s.version - 1, 'M')).toBeLessThan(new TextEncoder().encode(url).length);
    expect(s.size).toBe(s.version * 4 + 17);
    expect(encodeText('hi').ecl).toBe('H');
  });
});
