// Many callers' writes in one transaction: an idle process commits a caller's write at once (with those that
// came in the same turn of the event loop); the callers who come while that commit is in flight are gathered
// and written together by the next one, up to `maxItems` at a time. A
// commit costs a handful of round trips whatever it holds, so under load each caller pays a fraction of them,
// and an idle process adds no wait.
//
// `commit` answers each item in order: its result, or the Error refusing that item alone (the others stand).
// A commit that throws fails every item it held: none of them is answered as written.
export class GroupCommit<Item, Result> {
  private waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  private committing = false;

  constructor(
    private readonly commit: (items: Item[]) => Promise<(Result | Error)[]>,
    private readonly maxItems: number,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // The requests that were read in the same turn of the event loop go in the first commit together.
      if (!this.committing) {
        this.committing = true;
        setImmediate(() => void this.commitWaiting());
      }
    });
  }

  private async commitWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxItems);
      try {
        const results = await this.commit(batch.map((member) => member.item));
        if (results.length !== batch.length) throw new Error(`A group commit answered ${results.length} of ${batch.length} items`);
        batch.forEach((member, i) => {
          const result = results[i];
          if (result instanceof Error) member.reject(result);
          else member.resolve(result);
        });
      } catch (error) {
        for (const member of batch) member.reject(error);
      }
    }
    this.committing = false;
  }
}
