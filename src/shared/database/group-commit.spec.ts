import { GroupCommit } from './group-commit';

// A commit the test lets finish when it wants: what a commit in flight holds, and what comes meanwhile.
function controlledCommits<Item>() {
  const commits: { items: Item[]; finish: (results: (string | Error)[]) => void; fail: (error: Error) => void }[] = [];
  const commit = (items: Item[]) =>
    new Promise<(string | Error)[]>((resolve, reject) => commits.push({ items, finish: resolve, fail: reject }));
  return { commits, commit };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits what comes in one turn together, and what comes while that commit is in flight in the next', async () => {
    const { commits, commit } = controlledCommits<string>();
    const sut = new GroupCommit(commit, 100);
    const first = [sut.submit('a'), sut.submit('b')];
    await turn();
    const later = [sut.submit('c'), sut.submit('d'), sut.submit('e')];
    await turn();
    expect(commits.map((c) => c.items)).toEqual([['a', 'b']]);

    commits[0].finish(['A', 'B']);
    expect(await Promise.all(first)).toEqual(['A', 'B']);
    await turn();
    expect(commits.map((c) => c.items)).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    commits[1].finish(['C', 'D', 'E']);
    expect(await Promise.all(later)).toEqual(['C', 'D', 'E']);
  });

  it('holds at most maxItems in a commit', async () => {
    const { commits, commit } = controlledCommits<number>();
    const sut = new GroupCommit(commit, 2);
    const answers = [1, 2, 3].map((n) => sut.submit(n));
    await turn();
    commits[0].finish(['1', '2']);
    await turn();
    commits[1].finish(['3']);
    expect(await Promise.all(answers)).toEqual(['1', '2', '3']);
    expect(commits.map((c) => c.items)).toEqual([[1, 2], [3]]);
  });

  it('refuses an item its commit refused, and only that one', async () => {
    const { commits, commit } = controlledCommits<string>();
    const sut = new GroupCommit(commit, 100);
    const answers = ['a', 'b', 'c'].map((item) => sut.submit(item));
    await turn();
    commits[0].finish(['A', new Error('b refused'), 'C']);
    expect(await Promise.allSettled(answers)).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('b refused') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('fails every item of a commit that failed, and commits the next ones anyway', async () => {
    const { commits, commit } = controlledCommits<string>();
    const sut = new GroupCommit(commit, 100);
    const failed = ['a', 'b'].map((item) => sut.submit(item));
    await turn();
    const next = sut.submit('c');
    commits[0].fail(new Error('commit failed'));
    expect(await Promise.allSettled(failed)).toEqual([
      { status: 'rejected', reason: new Error('commit failed') },
      { status: 'rejected', reason: new Error('commit failed') },
    ]);
    await turn();
    commits[1].finish(['C']);
    expect(await next).toBe('C');
  });

  it('fails every item when the commit does not answer each of them', async () => {
    const { commits, commit } = controlledCommits<string>();
    const sut = new GroupCommit(commit, 100);
    const answers = ['a', 'b'].map((item) => sut.submit(item));
    await turn();
    commits[0].finish(['A']);
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
