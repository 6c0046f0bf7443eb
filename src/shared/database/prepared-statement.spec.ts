import { preparedStatement } from './prepared-statement';

describe('preparedStatement', () => {
  it('names a statement by its text, so one text is prepared once per connection and two texts never share a name', () => {
    const first = preparedStatement('SELECT $1::int', [1]);
    const again = preparedStatement('SELECT $1::int', [2]);
    const other = preparedStatement('SELECT $1::int + 1', [1]);

    expect(first.name).toBe(again.name);
    expect(other.name).not.toBe(first.name);
    expect(again).toMatchObject({ text: 'SELECT $1::int', values: [2] });
  });
});
