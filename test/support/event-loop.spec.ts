import { watchEventLoop } from './event-loop';

const spin = (cpuMs: number) => {
  const start = process.cpuUsage().user;
  while ((process.cpuUsage().user - start) / 1000 < cpuMs);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchEventLoop', () => {
  const sut = watchEventLoop();
  afterAll(() => sut.stop());

  it('sees the event loop held by work, not a wait', async () => {
    await sleep(50);
    sut.reset();
    await sleep(300);
    expect(sut.longestBlockMs()).toBeLessThan(100);

    spin(300);
    await sleep(50);
    expect(sut.longestBlockMs()).toBeGreaterThan(250);
    expect(() => sut.expectNoBlockOver(200)).toThrow(/held \d+ ms at once/);
  });
});
