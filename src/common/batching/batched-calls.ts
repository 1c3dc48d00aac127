interface WaitingCall<Request, Result> {
  readonly request: Request;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs calls in batches, one batch in flight at a time: a call made while a batch is out waits for it and leaves
 * with the next one. A lone call leaves at once, and under load many calls share one round trip instead of
 * queueing one behind another. `runBatch` answers each request in order; when it throws, every call of that
 * batch fails with its error.
 */
export class BatchedCalls<Request, Result> {
  private readonly waiting: WaitingCall<Request, Result>[] = [];
  private flushing = false;

  constructor(
    private readonly runBatch: (requests: readonly Request[]) => Promise<readonly Result[]>,
    private readonly maxBatchSize: number,
  ) {}

  call(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatchSize);
      try {
        const results = await this.runBatch(batch.map((call) => call.request));
        if (results.length !== batch.length) {
          throw new RangeError(`a batch of ${batch.length} calls got ${results.length} results`);
        }
        batch.forEach((call, index) => call.resolve(results[index]));
      } catch (error) {
        for (const call of batch) call.reject(error);
      }
    }
    this.flushing = false;
  }
}
