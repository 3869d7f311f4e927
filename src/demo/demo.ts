import type { Config } from '../config.ts';

export async function runDemo(_config: Config, _args: string[]) {
  throw new Error('The demo data is not ready yet.');
}
