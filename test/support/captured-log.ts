import { Writable } from 'node:stream';

// What the app writes where stdout would be, one JSON line per entry.
export class CapturedLog extends Writable {
  text = '';

  _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }

  entries(): Record<string, unknown>[] {
    return this.text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line));
  }
}
