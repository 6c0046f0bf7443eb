import { ticketQuestion } from '../../src/modules/zendesk/domain/ticket-question';
import { ticketSnapshot } from './eval-dataset';

describe('ticketSnapshot', () => {
  it('reaches the draft as a webhook ticket would: after an agent turn, only the latest customer comment is unanswered, the earlier ones are the conversation', () => {
    const snapshot = ticketSnapshot({
      id: 't1',
      subject: '',
      body: 'Probate?',
      history: [
        { role: 'customer', text: 'How do I settle an estate?' },
        { role: 'agent', text: 'Through the county court.' },
      ],
    });
    expect(snapshot.comments.map((c) => [c.authorRole, c.public, c.body])).toEqual([
      ['end-user', true, 'How do I settle an estate?'],
      ['agent', true, 'Through the county court.'],
      ['end-user', true, 'Probate?'],
    ]);
    expect(ticketQuestion(snapshot)).toEqual({
      subject: '',
      customerComments: ['Probate?'],
      answeredCustomerComments: ['How do I settle an estate?'],
      customerName: null,
      customerLocale: null,
    });
  });

  it('reads customer turns no agent answered as unanswered comments, latest first', () => {
    const snapshot = ticketSnapshot({ id: 't2', subject: 'Rash', body: 'It itches too.', history: [{ role: 'customer', text: 'I have a rash.' }] });
    expect(ticketQuestion(snapshot).customerComments).toEqual(['It itches too.', 'I have a rash.']);
  });

  it('is one comment without history', () => {
    expect(ticketQuestion(ticketSnapshot({ id: 't3', subject: 'Rash', body: 'I have a rash.' })).customerComments).toEqual(['I have a rash.']);
  });
});
