"""The same seed renders the same people, posts and enquiries in any process; another seed, others."""

import json
import subprocess
import sys

SCRIPT = r"""
import json, sys
from crisissim.content.fakers import SeededFaker
from crisissim.content.people import make_account
from crisissim.content.personas import builtin_personas
from crisissim.content.posts import render_post
from crisissim.content.enquiries import render_enquiry
from crisissim.content.streams import stream

seed = int(sys.argv[1])
lib = builtin_personas()
org = {"name": "Ziekenhuis Rijnoord", "short": "Rijnoord"}
out = []
rng = stream(seed, "storm:storm-1")
fake = SeededFaker("nl", rng)
for persona in ("angry-patient", "troll", "privacy-activist"):
    account = make_account(lib.crowd(persona), "nl", rng, fake)
    post = render_post(lib.crowd(persona), "nl", rng, account, org=org, hashtags=["#datalek"], rumours=["x"])
    out.append([account.name, account.handle, account.followers, post.text, post.sentiment])
rng = stream(seed, "event:press")
enquiry = render_enquiry(lib.journalist("regional-reporter"), "nl", rng, SeededFaker("nl", rng), org=org,
                         topic="Datalek", deadline_s=2700)
out.append([enquiry.reporter, enquiry.outlet, enquiry.text, enquiry.phone])
print(json.dumps(out))
"""


def generate(seed: int) -> list:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(seed)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_same_seed_same_content_in_two_processes():
    assert generate(2016) == generate(2016)


def test_other_seed_other_content():
    first, other = generate(2016), generate(2017)
    assert first != other
    assert first[-1][0] != other[-1][0]  # another reporter


def test_streams_are_independent_of_each_other():
    from crisissim.content.streams import stream

    a = stream(1, "event:a")
    before = [a.random() for _ in range(3)]
    b = stream(1, "event:b")
    b.random()
    assert [stream(1, "event:a").random() for _ in range(1)] == before[:1]
    assert before != [stream(1, "event:b").random() for _ in range(3)]
