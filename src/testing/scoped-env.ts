/**
 * Clears the named environment variables for a spec and puts the old values back afterwards, so config
 * factories (which read `process.env` at boot) see only what the test sets. Call `clear()` in `beforeEach`
 * and `restore()` in `afterEach`.
 */
export class ScopedEnv<Name extends string> {
  private readonly saved = new Map<Name, string | undefined>();

  constructor(private readonly names: readonly Name[]) {}

  clear(): void {
    for (const name of this.names) {
      this.saved.set(name, process.env[name]);
      delete process.env[name];
    }
  }

  set(values: Partial<Record<Name, string>>): void {
    Object.assign(process.env, values);
  }

  restore(): void {
    for (const [name, value] of this.saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    this.saved.clear();
  }
}
