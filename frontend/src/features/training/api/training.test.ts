import { toFen, yuan } from './training';

describe('money on the training screens', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(yuan(80000)).toBe('800.00');
    expect(yuan(1)).toBe('0.01');
    expect(yuan(0)).toBe('0.00');
  });
  it('turns typed yuan into whole fen without float drift', () => {
    expect(toFen(800)).toBe(80000);
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(toFen(19.99)).toBe(1999);
    expect(toFen(undefined)).toBe(0);
  });
});
