#!/usr/bin/env node
// The one command-line entry. The sources are TypeScript with JSX, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
