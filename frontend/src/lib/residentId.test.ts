import { checkDigit, parseResidentId } from './residentId';

const TODAY = new Date('2026-12-07T00:00:00Z');

describe('the 18-digit resident ID number (GB 11643)', () => {
  it("computes the standard's own example's check digit", () => {
    // GB 11643-1999's worked example: 11010519491231002X.
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(checkDigit('43010319850316031')).toBe('5');
  });

  it('reads birth date and sex from a valid number (digit 17 odd: male, even: female)', () => {
    expect(parseResidentId('11010519491231002X', TODAY)).toEqual({ birthDate: '1949-12-31', gender: 'female' });
    expect(parseResidentId('430103198503160315', TODAY)).toEqual({ birthDate: '1985-03-16', gender: 'male' });
    expect(parseResidentId('430103199001010514', TODAY)).toEqual({ birthDate: '1990-01-01', gender: 'male' });
  });

  it('takes a lower-case x and spaces around the number', () => {
    expect(parseResidentId(' 11010519491231002x ', TODAY)).toEqual({ birthDate: '1949-12-31', gender: 'female' });
  });

  it('reads a 29 February of a leap year', () => {
    expect(parseResidentId('440307200002290021', TODAY)).toEqual({ birthDate: '2000-02-29', gender: 'female' });
  });

  it('refuses a wrong check digit', () => {
    expect(parseResidentId('430103198503160316', TODAY)).toBeNull();
    expect(parseResidentId('110105194912310021', TODAY)).toBeNull();
  });

  it('refuses a wrong length or characters', () => {
    expect(parseResidentId('', TODAY)).toBeNull();
    expect(parseResidentId('43010319850316031', TODAY)).toBeNull();
    expect(parseResidentId('4301031985031603155', TODAY)).toBeNull();
    expect(parseResidentId('43010319850316031A', TODAY)).toBeNull();
    expect(parseResidentId('X30103198503160315', TODAY)).toBeNull();
  });

  it('refuses a birth date that is no day of the calendar, or lies ahead', () => {
    const withCheck = (first17: string) => first17 + checkDigit(first17);
    expect(parseResidentId(withCheck('44030719990229002'), TODAY)).toBeNull(); // 1999 is no leap year
    expect(parseResidentId(withCheck('44030719991301002'), TODAY)).toBeNull(); // month 13
    expect(parseResidentId(withCheck('44030719990431002'), TODAY)).toBeNull(); // 31 April
    expect(parseResidentId(withCheck('44030718991231002'), TODAY)).toBeNull(); // before 1900
    expect(parseResidentId(withCheck('44030720270101002'), TODAY)).toBeNull(); // not born yet
    expect(parseResidentId(withCheck('44030720261207002'), TODAY)).toEqual({ birthDate: '2026-12-07', gender: 'female' });
  });
});
