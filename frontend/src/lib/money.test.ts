import { money, toFen, toYuanInput, yuan } from './money';

describe('money on every screen', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(yuan(80000)).toBe('800.00');
    expect(yuan(1)).toBe('0.01');
    expect(yuan(0)).toBe('0.00');
  });
  it('groups thousands and keeps the sign', () => {
    expect(yuan(123456789)).toBe('1,234,567.89');
    expect(yuan(-1050)).toBe('-10.50');
    expect(money(80000)).toBe('¥800.00');
  });
  it('turns typed yuan into whole fen without float drift', () => {
    expect(toFen(800)).toBe(80000);
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(toFen(19.99)).toBe(1999);
    expect(toFen(undefined)).toBe(0);
    expect(toFen(toYuanInput(1999))).toBe(1999);
  });
});
