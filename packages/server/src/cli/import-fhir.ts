import type { Command } from 'commander';

export function registerImportFhirCommand(_program: Command): void {}
