// Regenerates src/proto/gen from the project's .proto files (ts-proto through buf, both from npm).
// The generated code is committed so that a build needs neither tool.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('src/proto/gen', { recursive: true, force: true });
execFileSync('npx', ['buf', 'generate'], { stdio: 'inherit' });
