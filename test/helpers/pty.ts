// Runs a command on a pseudo-terminal (Python's pty module: Node has none), answering password
// prompts as a person would: for each [prompt, reply], wait until the output shows the prompt and
// the program has turned the terminal's echo off (a reply typed earlier would be echoed, and the
// output would depend on timing), then type the reply and Enter (replies travel over a pipe, not
// argv). Returns everything the terminal showed
// (stdout and stderr together, with the terminal's \r\n) and the exit code. Bounded: the command
// is killed after timeoutMs.
import { spawn } from 'node:child_process';

const DRIVER = String.raw`
import json, os, pty, select, sys, termios, time
spec = json.loads(sys.stdin.read())
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(spec["argv"][0], spec["argv"], spec["env"])
out = b""
deadline = time.time() + spec["timeout"]
answers = list(spec["answers"])
def pump(t):
    global out
    r, _, _ = select.select([fd], [], [], t)
    if not r:
        return True
    try:
        d = os.read(fd, 65536)
    except OSError:
        return False
    if not d:
        return False
    out += d
    return True
alive = True
while alive and time.time() < deadline:
    if answers and answers[0][0].encode() in out[spec.get("seen", 0):]:
        try:
            echo = termios.tcgetattr(fd)[3] & termios.ECHO
        except termios.error:
            echo = 0
        if not echo:
            prompt, reply = answers.pop(0)
            spec["seen"] = out.rfind(prompt.encode()) + len(prompt)
            os.write(fd, reply.encode() + b"\r")
    alive = pump(0.01)
if alive:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
sys.stdout.write(json.dumps({"output": out.decode("utf-8", "replace"), "code": code}))
`;

export interface PtyResult {
  output: string;
  code: number;
}

export function runOnPty(argv: string[], env: Record<string, string>, answers: Array<[string, string]>, timeoutMs = 20000): Promise<PtyResult> {
  const spec = JSON.stringify({ argv, env, answers, timeout: timeoutMs / 1000 });
  return new Promise((resolve, reject) => {
    // the spec (replies included) goes over stdin, never into a process's arguments
    const child = spawn('python3', ['-c', DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(spec);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as PtyResult);
      } catch {
        reject(new Error(`pty driver failed: ${err}${out}`));
      }
    });
  });
}
