import { nameVariants, passesLuhn, PERSONAL_DATA_PLACEHOLDERS, redactPersonalData } from './personal-data';

describe('redactPersonalData', () => {
  it.each([
    ['an email address', 'write to jane.doe+tickets@mail.example.co.uk today', 'write to [email] today'],
    ['an international phone number', 'ring +49 170 1234567 now', 'ring [phone] now'],
    ['a national UK number', 'ring 020 7946 0958 now', 'ring [phone] now'],
    ['a US number', 'ring (415) 555-0132 now', 'ring [phone] now'],
    ['a card number that passes Luhn', 'card 4111-1111-1111-1111 declined', 'card [card number] declined'],
    ['an IBAN with a valid checksum', 'IBAN DE89 3704 0044 0532 0130 00 please', 'IBAN [account number] please'],
    ['a long digit run', 'account 00123456789 frozen', 'account [account number] frozen'],
    ['a street with its town and postcode', 'ship to 221B Baker Street, London NW1 6XE soon', 'ship to [address] soon'],
    ['a unit', 'it is Apartment 4 upstairs', 'it is [address] upstairs'],
  ])('replaces %s', (_kind, text, expected) => {
    expect(redactPersonalData(text, [])).toBe(expected);
  });

  it('uses only the exported placeholders', () => {
    const output = redactPersonalData(
      'Jane Doe, jane@example.com, +44 7700 900456, 4111 1111 1111 1111, 12345678901, 12 Main St., Springfield',
      ['Jane Doe'],
    );
    const placeholders = output.match(/\[[^\]]+\]/g) ?? [];
    expect(new Set(placeholders)).toEqual(new Set(Object.values(PERSONAL_DATA_PLACEHOLDERS)));
  });

  it('keeps an email address whole, digits and name included', () => {
    expect(redactPersonalData('mail jane.doe.4155550132@example.com', ['Jane Doe'])).toBe('mail [email]');
  });

  it('keeps help-center links intact but not an email address in a mailto link', () => {
    const text = 'see https://help.acme.com/hc/en-us/articles/360012345678 or mailto:jane@example.com';
    expect(redactPersonalData(text, [])).toBe('see https://help.acme.com/hc/en-us/articles/360012345678 or mailto:[email]');
  });

  it('keeps versions, dates, amounts, error codes and references', () => {
    const text = 'v2.4.1 on 2024-03-15 (build 20240315), $1,299.00, E1042, 0x80070005, #12345678, INV-2024-0042, 3 seats';
    expect(redactPersonalData(text, [])).toBe(text);
  });

  it('matches names case-insensitively, with possessives, as one placeholder for a full name', () => {
    expect(redactPersonalData("JANE DOE said Jane's laptop; ask doe", ['Jane Doe'])).toBe("[name] said [name]'s laptop; ask [name]");
  });

  it('keeps an everyday word or a two-letter word that is also a name part unless it is capitalised', () => {
    expect(redactPersonalData('We will call. Will approved it.', ['Will Turner'])).toBe('We will call. [name] approved it.');
    expect(redactPersonalData('Send an invoice to Li, An and li', ['Li An'])).toBe('Send an invoice to [name], [name] and li');
  });

  it('reads names with regular-expression characters literally', () => {
    expect(redactPersonalData('Sean O’Brien (IT) and Sean+ wrote it', ['Sean O’Brien (IT)'])).toBe('[name] and [name]+ wrote it');
  });

  it('leaves text without personal data untouched and ignores empty names', () => {
    const text = 'The export to CSV stops at 5000 rows in version 3.2.';
    expect(redactPersonalData(text, ['', ' ', 'A'])).toBe(text);
  });

  describe('on a megabyte of pathological input', () => {
    const megabyte = 1_000_000;

    it('reads a run of digits as one account number', () => {
      expect(redactPersonalData('7'.repeat(megabyte), [])).toBe('[account number]');
    });

    it('reads spaced single digits as one account number', () => {
      expect(redactPersonalData('1 '.repeat(megabyte / 2).trim(), [])).toBe('[account number]');
    });

    it('leaves letters, dots and at-signs without an address alone', () => {
      for (const text of ['a'.repeat(megabyte), 'a.'.repeat(megabyte / 2) + '@', 'a@'.repeat(megabyte / 2), '+1 '.repeat(megabyte / 3)]) {
        expect(redactPersonalData(text, ['Jane Doe'])).toBe(text);
      }
    });

    it('redacts every repetition of a realistic message', () => {
      const message = 'Hi Jane Doe, call +1 415 555 0132 or mail jane@example.com, 221B Baker Street, London NW1 6XE. ';
      const output = redactPersonalData(message.repeat(megabyte / message.length), ['Jane Doe']);
      expect(output).not.toMatch(/Jane|555|example\.com|Baker|NW1/);
    });
  });
});

describe('nameVariants', () => {
  it('gives the full name and each part of two letters or more, without particles, longest first', () => {
    expect(nameVariants(['Klaus-Dieter  Müller', 'Anne de Vries', 'J. Smith'])).toEqual([
      'klaus-dieter müller',
      'anne de vries',
      'klaus-dieter',
      'j. smith',
      'dieter',
      'müller',
      'klaus',
      'smith',
      'vries',
      'anne',
    ]);
  });
});

describe('passesLuhn', () => {
  it.each([
    ['4111111111111111', true],
    ['378282246310005', true],
    ['4111111111111112', false],
  ])('%s -> %s', (digits, expected) => {
    expect(passesLuhn(digits)).toBe(expected);
  });
});
