import { renderInternalNote } from './internal-note';

describe('renderInternalNote', () => {
  const note = renderInternalNote({
    reply: 'Hi Ann,\n\nGo to <Settings> & click "Reset".\n\nBest regards',
    sources: [
      { title: 'Reset your password', url: 'https://help.example.com/articles/1' },
      { title: 'Evil', url: 'javascript:alert(1)' },
    ],
    trainingUrl: 'https://assist.example.com/training/abc?token=1.sig',
  });

  it('shows the draft as paragraphs, escaped', () => {
    expect(note).toContain('<p>Hi Ann,</p>');
    expect(note).toContain('Go to &#60;Settings&#62; &#38; click &#34;Reset&#34;.');
    expect(note).not.toContain('<Settings>');
  });

  it('links sources, the training page and says AI wrote it', () => {
    expect(note).toContain('<a href="https://help.example.com/articles/1">Reset your password</a>');
    expect(note).toContain('href="#">Evil</a>');
    expect(note).toContain('href="https://assist.example.com/training/abc?token=1.sig"');
    expect(note).toMatch(/Written by AI/);
    expect(note).toMatch(/visible to agents only/);
  });

  it('marks internal and restricted sources as not to be pasted verbatim', () => {
    const withInternal = renderInternalNote({ reply: 'Hi', sources: [{ title: 'Playbook', url: 'https://h.test/1', internal: true }], trainingUrl: 'https://x' });
    expect(withInternal).toContain('Playbook</a> <strong>(internal source — do not paste verbatim)</strong>');
    expect(note).not.toContain('internal source');
  });

  it('shows a source without a page of its own (a training answer) as plain, escaped text', () => {
    const trained = renderInternalNote({ reply: 'Hi', sources: [{ title: 'Answer from <your> team', url: '' }], trainingUrl: 'https://x' });
    expect(trained).toContain('<li>Answer from &#60;your&#62; team</li>');
  });

  it('warns when nothing in the knowledge base backed the draft', () => {
    expect(renderInternalNote({ reply: 'Hi', sources: [], trainingUrl: 'https://x' })).toMatch(/none found/);
  });

  it("writes its own words in the organization's note language, never the reply's", () => {
    const german = renderInternalNote({ reply: 'Hi Ann', sources: [], trainingUrl: 'https://x', language: 'de' });
    expect(german).toContain('<strong>Antwortvorschlag</strong>');
    expect(german).toContain('Diese Antwort trainieren');
    expect(german).toContain('nur für Agenten sichtbar');
    expect(german).not.toMatch(/Suggested reply|Written by AI/);
    expect(german).toContain('<p>Hi Ann</p>');
  });

  it('cites a macro as "Macro: <title>" and names a suggested macro first, escaped, in the note language', () => {
    const cited = renderInternalNote({
      reply: 'Hi',
      sources: [{ title: 'Refund <policy>', url: '', origin: 'macro' }],
      trainingUrl: 'https://x',
      suggestedMacro: 'Refund <policy>',
    });
    expect(cited).toContain('<li>Macro: Refund &#60;policy&#62;</li>');
    expect(cited.startsWith('<p><strong>Suggested macro:</strong> Refund &#60;policy&#62;</p>')).toBe(true);
    expect(renderInternalNote({ reply: 'Hi', sources: [], trainingUrl: 'https://x', suggestedMacro: 'Refund', language: 'de' })).toContain(
      '<strong>Vorgeschlagenes Makro:</strong> Refund',
    );
    expect(note).not.toMatch(/Suggested macro|Macro:/);
  });
});
