// A fresh folder under the system's temporary directory, removed when the test (t) or, without
// one, the test file ends: a test run leaves nothing behind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export async function makeTempDir(prefix, t) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const remove = () => rm(dir, { recursive: true, force: true });
  if (t) t.after(remove);
  else after(remove);
  return dir;
}
