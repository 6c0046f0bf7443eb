import { RowCache } from './cached-rows';

describe('RowCache', () => {
  it('keeps what it read, and reads again what it was told changed', async () => {
    const sut = new RowCache<string>(true);
    const load = jest.fn(async () => 'row');

    await sut.read('a', load);
    await sut.read('a', load);
    sut.forget('a');
    await sut.read('a', load);

    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a read that began before a change it was told of', async () => {
    const sut = new RowCache<string>(true);
    let finish: (row: string) => void = () => undefined;
    const reading = sut.read('a', () => new Promise<string>((resolve) => (finish = resolve)));
    sut.forget('a');
    finish('old row');
    expect(await reading).toBe('old row');

    expect(await sut.read('a', async () => 'new row')).toBe('new row');
  });

  it('keeps nothing while not listening, nor a missing row', async () => {
    const deaf = new RowCache<string>(false);
    const load = jest.fn(async () => 'row');
    await deaf.read('a', load);
    await deaf.read('a', load);
    expect(load).toHaveBeenCalledTimes(2);

    const sut = new RowCache<string>(true);
    const missing = jest.fn(async () => null);
    await sut.read('a', missing);
    await sut.read('a', missing);
    expect(missing).toHaveBeenCalledTimes(2);
  });

  it('forgets everything when the connection is lost, and a read begun before it is not kept', async () => {
    const sut = new RowCache<string>(true);
    await sut.read('a', async () => 'row');
    let finish: (row: string) => void = () => undefined;
    const reading = sut.read('b', () => new Promise<string>((resolve) => (finish = resolve)));
    sut.forgetAll(true);
    finish('row');
    await reading;

    const load = jest.fn(async () => 'row');
    await sut.read('a', load);
    await sut.read('b', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("forgets a key after this process's own write of it, failed or not", async () => {
    const sut = new RowCache<string>(true);
    const load = jest.fn(async () => 'row');
    await sut.read('a', load);

    expect(await sut.forgetAfter('a', async () => 'written')).toBe('written');
    await sut.read('a', load);
    await expect(sut.forgetAfter('a', async () => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    await sut.read('a', load);

    expect(load).toHaveBeenCalledTimes(3);
  });
});
