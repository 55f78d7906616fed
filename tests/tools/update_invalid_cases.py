"""Regenerate the `# expect:` lines of tests/cases/invalid/*.yaml from what validate prints now.

Run on purpose only, after a deliberate change of messages, and review the diff:
    python tests/tools/update_invalid_cases.py [GLOB]
"""

import pathlib, shutil, subprocess, os, sys
def actual(raw, target):
    shutil.rmtree('/tmp/pc', ignore_errors=True); shutil.copytree('tests/cases/base','/tmp/pc')
    t=pathlib.Path('/tmp/pc')/target; t.parent.mkdir(parents=True, exist_ok=True); t.write_bytes(raw)
    return subprocess.run(['vendorctl','validate','--root','/tmp/pc'],capture_output=True,text=True,env={**os.environ,'NO_COLOR':'1'}).stdout.splitlines()[:-1]
for f in sorted(pathlib.Path('tests/cases/invalid').glob(sys.argv[1] if len(sys.argv)>1 else '*.yaml')):
    raw=f.read_bytes()
    lines=raw.split(b"\n")
    target=[l for l in lines if l.startswith(b"# target: ")][0][10:].decode()
    body=[l for l in lines[1:] if not l.startswith(b"# expect: ")]
    n=sum(1 for l in lines if l.startswith(b"# expect: "))
    for _ in range(5):
        cand=b"\n".join([lines[0]]+[b"# expect: X"]*n+body)
        out=actual(cand, target)
        if len(out)==n: break
        n=len(out)
    new=b"\n".join([lines[0]]+[b"# expect: "+o.encode() for o in out]+body)
    assert actual(new,target)==out
    f.write_bytes(new)
