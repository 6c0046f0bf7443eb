import { CreateTrainingAnswerDto, UpdateTrainingAnswerDto } from '../../../knowledge-base/api/training-answer.dto';
import { readTrainingAnswerForm } from './training-answers-page.view';

describe('readTrainingAnswerForm: the admin API checks on the console form', () => {
  it.each([CreateTrainingAnswerDto, UpdateTrainingAnswerDto])('%p: trims and accepts a question and an answer', async (Dto) => {
    await expect(readTrainingAnswerForm({ _csrf: 't', question: ' Can I pay by invoice? ', answer: 'Yes.\n' }, Dto)).resolves.toEqual({
      values: { question: 'Can I pay by invoice?', answer: 'Yes.' },
      changes: { question: 'Can I pay by invoice?', answer: 'Yes.' },
    });
  });

  it.each([CreateTrainingAnswerDto, UpdateTrainingAnswerDto])('%p: refuses an empty or too long field, by field, keeping what was typed', async (Dto) => {
    const read = await readTrainingAnswerForm({ question: '   ', answer: 'x'.repeat(10_001) }, Dto);
    expect(read.values).toEqual({ question: '', answer: 'x'.repeat(10_001) });
    expect(Object.keys('problems' in read ? read.problems : {}).sort()).toEqual(['answer', 'question']);
  });

  it('treats a missing field as empty, not as left unchanged', async () => {
    const read = await readTrainingAnswerForm({ answer: 'Only the answer' }, UpdateTrainingAnswerDto);
    expect('problems' in read && read.problems.question).toBeTruthy();
  });
});
