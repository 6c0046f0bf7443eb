import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';

// Personal data stripped from a solved ticket before it is stored or embedded (docs/personal-data.md). Every
// detector returns spans over the original text; the first detector to claim a character wins, so a phone number
// inside an email address stays part of the [email]. Every pattern has bounded repetition and is anchored by a
// lookbehind, so a megabyte of digits or letters is read in linear time.

export const PERSONAL_DATA_PLACEHOLDERS = {
  email: '[email]',
  phone: '[phone]',
  cardNumber: '[card number]',
  accountNumber: '[account number]',
  address: '[address]',
  name: '[name]',
} as const;

export type PersonalDataPlaceholder = (typeof PERSONAL_DATA_PLACEHOLDERS)[keyof typeof PERSONAL_DATA_PLACEHOLDERS];

interface Span {
  start: number;
  end: number;
  placeholder: PersonalDataPlaceholder | null;
}

export function redactPersonalData(text: string, people: string[]): string {
  const claimed = new Uint8Array(text.length);
  const kept: Span[] = [];
  const claim = (spans: Iterable<Span>) => {
    for (const span of spans) {
      if (span.end <= span.start || overlapsClaimed(claimed, span)) continue;
      claimed.fill(1, span.start, span.end);
      kept.push(span);
    }
  };
  claim(emailSpans(text));
  // Help-center links carry long article ids: nothing inside a URL but an email address is personal data.
  claim(urlSpans(text));
  claim(ibanSpans(text));
  claim(cardSpans(text));
  claim(phoneSpans(text));
  claim(addressSpans(text));
  claim(nameSpans(text, people));
  claim(accountNumberSpans(text));
  return collapseRepeatedNames(replaceSpans(text, kept));
}

function overlapsClaimed(claimed: Uint8Array, span: Span): boolean {
  for (let index = span.start; index < span.end; index++) if (claimed[index]) return true;
  return false;
}

function replaceSpans(text: string, spans: Span[]): string {
  const ordered = spans.filter((span) => span.placeholder !== null).sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const span of ordered) {
    result += text.slice(cursor, span.start) + span.placeholder;
    cursor = span.end;
  }
  return result + text.slice(cursor);
}

// "Jane Q. Doe" is one person, not three.
function collapseRepeatedNames(text: string): string {
  return text.replace(/\[name\](?:[ \t]{1,3}\[name\]){1,10}/g, PERSONAL_DATA_PLACEHOLDERS.name);
}

function* matchSpans(text: string, pattern: RegExp, placeholder: PersonalDataPlaceholder | null, accept = (_match: string) => true): Iterable<Span> {
  for (const match of text.matchAll(pattern)) {
    if (accept(match[0])) yield { start: match.index, end: match.index + match[0].length, placeholder };
  }
}

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@(?:[\p{L}\p{N}-]{1,63}\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

function emailSpans(text: string): Iterable<Span> {
  return matchSpans(text, EMAIL, PERSONAL_DATA_PLACEHOLDERS.email);
}

const URL = /(?<![\p{L}\p{N}])(?:https?:\/\/|www\.)[^\s<>"'()[\]]{1,2048}/giu;

function urlSpans(text: string): Iterable<Span> {
  return matchSpans(text, URL, null);
}

// Country code, check digits, then the BBAN in groups of four (spaces optional); valid only with a correct
// mod-97 checksum (ibantools), so a licence key of the same shape is kept.
const IBAN = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\p{L}\p{N}])/gu;

function ibanSpans(text: string): Iterable<Span> {
  return matchSpans(text, IBAN, PERSONAL_DATA_PLACEHOLDERS.accountNumber, (match) => isValidIBAN(electronicFormatIBAN(match) ?? ''));
}

// 13 to 19 digits, grouped by single spaces or dashes, that pass the Luhn check.
const CARD = /(?<![\p{L}\p{N}.,])\d(?:[ -]?\d){12,18}(?![\p{N}]|[.,]\d)/gu;

function cardSpans(text: string): Iterable<Span> {
  return matchSpans(text, CARD, PERSONAL_DATA_PLACEHOLDERS.cardNumber, (match) => passesLuhn(match.replace(/\D/g, '')));
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// libphonenumber reads only stretches of digits and separators of at most 30 characters with 7 to 17 digits,
// and at most MAX_PHONE_CANDIDATES of them a text (a parse costs up to half a millisecond): a megabyte of
// "1 1 1 …" would otherwise take a minute. Past that budget, numbers of 8 digits or more are still caught as
// account numbers.
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+])(?:\+|\(\+?)?\d[\d \t().\/-]{5,28}\d/gu;
const MAX_PHONE_CANDIDATES = 2000;
// Numbers written with a country code (+49 …, 0049 …) are read as such. Others are read as US numbers, and as
// UK, German and French ones when they start with the trunk prefix 0, the way those countries write them: read
// as German numbers without it, dates and build numbers ("2024-03-15", "20240315") would pass.
const NATIONAL_REGIONS: CountryCode[] = ['GB', 'DE', 'FR'];
const LOOKS_LIKE_DATE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{2}|\d{4}))$/;

function* phoneSpans(text: string): Iterable<Span> {
  let parsed = 0;
  for (const candidate of text.matchAll(PHONE_CANDIDATE)) {
    const written = candidate[0];
    const groups = written.split(/\D+/).filter(Boolean);
    const digitCount = groups.join('').length;
    // Phone numbers are grouped in twos to fours; "1 1 1 1 1 1 1" is a list.
    if (digitCount < 7 || digitCount > 17 || groups.filter((group) => group.length === 1).length > 2) continue;
    if (++parsed > MAX_PHONE_CANDIDATES) return;
    const regions: CountryCode[] = /^\(?0(?!0)/.test(written) ? NATIONAL_REGIONS : ['US'];
    for (const region of regions) {
      for (const found of findPhoneNumbersInText(written, { defaultCountry: region })) {
        const number = written.slice(found.startsAt, found.endsAt);
        if (LOOKS_LIKE_DATE.test(number)) continue;
        const start = candidate.index + found.startsAt;
        yield { start, end: start + number.length, placeholder: PERSONAL_DATA_PLACEHOLDERS.phone };
      }
    }
  }
}

// Account-like numbers: 8 or more digits, possibly grouped by single spaces or dashes. Not redacted: numbers
// written with a dot or comma inside or before them (versions "2.4.1", amounts "1,299.00"), those glued to a
// letter, "#", "/" or "-" (error codes "E1042", ticket "#12345678", "INV-2024-0042", paths), and numbers that read
// as a date ("2024-03-15", "20240315").
const ACCOUNT_NUMBER = /(?<![\p{L}\p{N}_.,#/\\+-])\+?\d(?:[ -]?\d){7,}(?![\p{L}\p{N}_]|[.,]\d)/gu;
const COMPACT_DATE = /^(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;

function accountNumberSpans(text: string): Iterable<Span> {
  return matchSpans(text, ACCOUNT_NUMBER, PERSONAL_DATA_PLACEHOLDERS.accountNumber, (match) => {
    if (LOOKS_LIKE_DATE.test(match)) return false;
    return !COMPACT_DATE.test(match.replace(/\D/g, ''));
  });
}

// Street words, matched with their own capital or not ("Street", "street"): the i flag would also let \p{Lu}
// match lower-case letters, and with them "2 place orders" would read as a French street.
const bothCases = (words: string) =>
  words
    .split('|')
    .map((word) => `[${word[0].toUpperCase()}${word[0]}]${escapeRegExp(word.slice(1))}`)
    .join('|');
const STREET_TYPES = bothCases(
  'street|st|road|rd|avenue|ave|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|terrace|way|close|crescent|square|sq|highway|hwy|parkway|pkwy|circle|cir|row|mews|gardens|grove',
);
const NAME_WORD = "[\\p{Lu}\\p{N}][\\p{L}\\p{N}'’.-]{0,30}";
// "221B Baker Street", "12 Main St.", "1600 Pennsylvania Avenue NW".
const NUMBER_FIRST_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,5}[A-Za-z]?,?(?: {1,3}${NAME_WORD}){1,4} {1,3}(?:${STREET_TYPES})(?![\\p{L}\\p{N}])\\.?(?: (?:N|S|E|W|NE|NW|SE|SW)(?![\\p{L}\\p{N}]))?`,
  'gu',
);
// "Hauptstraße 5", "Müllerstr. 12a", "Berliner Straße 12", "Am Waldweg 3". Compounds need three letters before
// the street word, so "String 12" is kept; "-ring" is left out for "Monitoring 3".
const STREET_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:Am|An der|Auf der|Im|In der|Zum|Zur) )?(?:\\p{Lu}[\\p{L}-]{2,30}(?:straße|strasse|str\\.|weg|allee|platz|gasse|damm|chaussee)|\\p{Lu}[\\p{L}-]{1,30} (?:Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm)) {0,3}\\d{1,4}(?: ?[a-z])?(?![\\p{L}\\p{N}])`,
  'gu',
);
// "12 rue de la Paix", "5, avenue des Champs-Élysées", "3 bis boulevard Haussmann".
const FRENCH_STREET = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?: (?:bis|ter))?,? {1,3}(?:${bothCases('rue|avenue|av.|boulevard|bd|place|chemin|allée|impasse|quai|cours|route')})(?: {1,3}(?:de|du|des|la|le|l'|d'|l’|d’)){0,2}(?: {1,3}${NAME_WORD}){1,3}`,
  'gu',
);
// "Apartment 4", "Apt 4B", "Suite 200", "Flat 3", "PO Box 123", "Postfach 1234".
const UNIT =
  /(?<![\p{L}\p{N}])(?:[Aa]partment|[Aa]pt\.?|Suite|Ste\.|Flat|Unit|Wohnung|[Aa]ppartement|[Aa]ppt\.?|P\.? ?O\.? ?[Bb]ox|Postfach|[Bb]oîte [Pp]ostale) {0,3}#? {0,3}\d{1,5}[A-Za-z]?(?![\p{L}\p{N}])/gu;
// A postcode named as one: "zip code 94103", "PLZ 10115", "postcode SW1A 1AA".
const UK_POSTCODE = '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}';
const NAMED_POSTCODE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:zip(?: ?code)?|post ?code|postal code|PLZ|code postal|Postleitzahl)\\s{0,3}(?:is|:|=)?\\s{0,3}(?:${UK_POSTCODE}|\\d{4,5}(?:-\\d{4})?)(?![\\p{L}\\p{N}])`,
  'giu',
);
// What may follow a street on the same line: ", London NW1 6XE", ", Springfield, IL 62701", ", 10115 Berlin".
const ADDRESS_TAIL = new RegExp(
  `^(?:,? {0,3}(?:${UK_POSTCODE}|\\d{4,5}(?:-\\d{4})?)(?: {1,3}\\p{Lu}[\\p{L}-]{1,30})?(?![\\p{L}\\p{N}])|, {0,3}[A-Z]{2} {1,3}\\d{5}(?:-\\d{4})?(?![\\p{L}\\p{N}])|, {0,3}\\p{Lu}[\\p{L}-]{1,30}(?: \\p{Lu}[\\p{L}-]{1,30})?(?![\\p{L}\\p{N}]))`,
  'u',
);
const MAX_TAIL_PARTS = 4;

// A street, its unit, town and postcode, written one after the other, are one [address].
function addressSpans(text: string): Span[] {
  const found: Span[] = [];
  for (const pattern of [NUMBER_FIRST_STREET, STREET_FIRST, FRENCH_STREET, UNIT]) {
    found.push(...matchSpans(text, pattern, PERSONAL_DATA_PLACEHOLDERS.address));
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of found) {
    const last = merged.at(-1);
    if (last && span.start <= last.end + 3 && /^[\s,]*$/.test(text.slice(last.end, span.start))) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  for (const span of merged) span.end = withAddressTail(text, span.end);
  return [...merged, ...matchSpans(text, NAMED_POSTCODE, PERSONAL_DATA_PLACEHOLDERS.address)];
}

function withAddressTail(text: string, end: number): number {
  for (let part = 0; part < MAX_TAIL_PARTS; part++) {
    const tail = ADDRESS_TAIL.exec(text.slice(end, end + 80));
    if (!tail) break;
    end += tail[0].length;
  }
  return end;
}

// Particles that name no one on their own ("de" in "Anne de Vries" would otherwise hit every French sentence).
const NAME_PARTICLES = new Set(['de', 'da', 'di', 'du', 'del', 'der', 'den', 'des', 'la', 'le', 'van', 'von', 'ter', 'ten', 'bin', 'al', 'el', 'dos', 'das', 'mc', 'st']);
// First names and surnames that are also everyday words, and parts of two letters ("An", "Li"): matched only when
// written with a capital, so "we will" keeps its verb when an agent is called Will.
const EVERYDAY_WORDS = new Set([
  'will', 'mark', 'may', 'june', 'april', 'august', 'bill', 'grace', 'hope', 'joy', 'faith', 'rose', 'dawn', 'sunny',
  'summer', 'art', 'guy', 'pat', 'rich', 'frank', 'max', 'jack', 'chase', 'drew', 'lane', 'page', 'ray', 'case',
  'king', 'young', 'long', 'white', 'brown', 'green', 'black', 'gray', 'grey', 'hall', 'wood', 'stone', 'bell',
  'price', 'rob', 'sue', 'ben', 'don', 'gene', 'dean', 'miles', 'penny', 'amber', 'ruby', 'crystal', 'iris',
  'violet', 'holly', 'ivy', 'lily', 'daisy', 'sky', 'storm', 'river', 'bay', 'north', 'west', 'south', 'east',
  'park', 'post', 'win', 'key', 'cook', 'baker', 'fisher', 'hunter', 'carter', 'walker', 'turner', 'miller',
  'taylor', 'mason', 'marshall', 'newman', 'booth', 'bishop', 'pope', 'fox', 'wolf', 'lamb', 'hart', 'bush',
  'field', 'ford', 'brook', 'banks', 'lee', 'ash', 'hill', 'moore', 'best', 'love', 'glass', 'day', 'little',
  'short', 'small', 'strong', 'sharp', 'swift', 'gold', 'silver', 'noble', 'sweet', 'sterling', 'major', 'dash',
  'kurz', 'lang', 'klein', 'gross', 'groß', 'weiss', 'weiß', 'schwarz', 'roth', 'koch', 'meister', 'vogel',
  'jung', 'alt', 'fuchs', 'hahn', 'bauer', 'blanc', 'petit', 'grand', 'martin', 'roux', 'rose', 'leblanc',
]);

function* nameSpans(text: string, people: string[]): Iterable<Span> {
  const variants = nameVariants(people);
  if (variants.length === 0) return;
  const alternatives = variants.map((variant) => variant.split(/\s+/).map(escapeRegExp).join('\\s{1,3}'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  yield* matchSpans(text, pattern, PERSONAL_DATA_PLACEHOLDERS.name, (match) => {
    const writtenLowerCase = match === match.toLowerCase();
    const alsoAWord = EVERYDAY_WORDS.has(match.toLowerCase()) || [...match].length < 3;
    return !(writtenLowerCase && alsoAWord);
  });
}

// Each full name, each part of two letters or more ("Klaus-Dieter Müller": "Klaus-Dieter", "Klaus", "Dieter",
// "Müller"), longest first so the full name wins over its parts.
export function nameVariants(people: string[]): string[] {
  const variants = new Set<string>();
  for (const person of people) {
    const full = person.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (full.length < 2) continue;
    variants.add(full.toLowerCase());
    for (const word of full.split(' ')) {
      for (const part of new Set([word, ...word.split('-')])) {
        const bare = part.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
        if ([...bare].length >= 2 && !NAME_PARTICLES.has(bare.toLowerCase())) variants.add(bare.toLowerCase());
      }
    }
  }
  return [...variants].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
