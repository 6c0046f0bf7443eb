import { isWholeSentence, passageUnits, TextUnit, textUnits } from './passage-text';

const texts = (units: TextUnit[]) => units.map((unit) => (unit.kind === 'sentence' ? unit.text : { intro: unit.intro, items: unit.items, ordered: unit.ordered }));

describe('passageUnits', () => {
  it('leaves out the chunk lead: the title, and the section heading after it', () => {
    const passage = { title: 'Noonan syndrome', section: 'What is (are) Noonan syndrome ?', content: 'Noonan syndrome — What is (are) Noonan syndrome ?\n\nNoonan syndrome is a condition.' };
    expect(texts(passageUnits(passage))).toEqual(['Noonan syndrome is a condition.']);
  });

  it('keeps a section "heading" that is a whole sentence: it is the section text', () => {
    const section = 'You can visit the Emergency Room at our West Roxbury campus 24/7.';
    const passage = { title: 'Clinics', section, content: `Clinics — ${section}\n\nSame-day care is available.` };
    expect(texts(passageUnits(passage))).toEqual([section, 'Same-day care is available.']);
  });

  it("reads a passage without a lead as the team's own reply: a line without a full stop still is a sentence", () => {
    const trainingAnswer = { title: 'Answer from your team', section: null, content: 'Go to Settings, Billing and click Download invoice\nThe PDF opens in a new tab.\n\nBest regards' };
    expect(texts(passageUnits(trainingAnswer))).toEqual(['Go to Settings, Billing and click Download invoice.', 'The PDF opens in a new tab.']);
  });
});

describe('textUnits', () => {
  it('keeps whole sentences only: no cut sentence where a chunk starts or ends, no FAQ question, no citation marker', () => {
    const body =
      'in affected people has been frequently associated with heart defects. Noonan syndrome is a condition that affects many areas of the body.[8] [9] ' +
      'It is characterized by mildly unusual facial characteristics, short stature and heart defects [citation needed].\n' +
      'What are the symptoms of Noonan syndrome ?\n' +
      'Approximately 50 to 70 percent of individuals with Noonan syndrome have short stature. At birth, they are usually of normal';
    expect(texts(textUnits(body))).toEqual([
      'Noonan syndrome is a condition that affects many areas of the body.',
      'It is characterized by mildly unusual facial characteristics, short stature and heart defects.',
      'Approximately 50 to 70 percent of individuals with Noonan syndrome have short stature.',
    ]);
  });

  it('drops headings, navigation and a sentence cut inside a parenthesis', () => {
    const body = 'Symptoms\nSkip to Main Content\nWas this page helpful?\nGlucaGen Diagnostic Kit). Glucagon is a hormone produced in the pancreas.\nBack to top of the page.';
    expect(texts(textUnits(body))).toEqual(['Glucagon is a hormone produced in the pancreas.']);
  });

  it('splits sentences with Intl.Segmenter, not after "Dr." or "e.g."', () => {
    expect(texts(textUnits('Ask Dr. Smith for a referral. Bring your records, e.g. the latest scans. It takes 3.5 hours.'))).toEqual([
      'Ask Dr. Smith for a referral.',
      'Bring your records, e.g. the latest scans.',
      'It takes 3.5 hours.',
    ]);
  });

  it('keeps numbered steps together with the sentence that introduces them', () => {
    // As html-to-text renders <p>…</p><ol><li>…</li></ol>.
    const body = 'You can export all your data at any time. To export your data:\n\n 1. Open Settings.\n 2. click Export\n 3. Choose CSV and confirm.\n\nThe export arrives by email.';
    expect(texts(textUnits(body))).toEqual([
      'You can export all your data at any time.',
      { intro: 'To export your data:', items: ['Open Settings.', 'Click Export.', 'Choose CSV and confirm.'], ordered: true },
      'The export arrives by email.',
    ]);
  });

  it('reads a list run into a paragraph as plain text has it', () => {
    const body = 'The risk of vascular dementia may be reduced by preventing strokes through: - Eating healthy foods - Exercising - Quitting smoking';
    expect(texts(textUnits(body))).toEqual([
      { intro: 'The risk of vascular dementia may be reduced by preventing strokes through:', items: ['Eating healthy foods.', 'Exercising.', 'Quitting smoking.'], ordered: false },
    ]);
  });

  it('drops an introduction whose list the passage does not hold, and reads a lone item as a line of text', () => {
    expect(texts(textUnits('Mail your written protest to:\n\nProtests with missing information are returned.\n\n* How many copies can I create?'))).toEqual([
      'Protests with missing information are returned.',
    ]);
  });
});

describe('isWholeSentence', () => {
  it.each([
    ['Open Settings.', true],
    ['2FA protects your account!', true],
    ['Do you ship abroad?', true],
    ['Follow these steps:', true],
    ['in affected people has been associated.', false],
    ['At birth, they are usually of normal', false],
    ['Noonan syndrome is rare.[8]', false],
    ['It is rare [citation needed].', false],
  ])('%s: %s', (text, expected) => {
    expect(isWholeSentence(text)).toBe(expected);
  });
});
