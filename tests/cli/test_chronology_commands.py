"""An operator verifies and rebuilds a real installation with the `casetrail` command."""

import re


def test_verify_and_rebuild_on_the_demo_data(casetrail, demo, demo_database_url):
    env = {"CASETRAIL_MODE": "demo", "CASETRAIL_DATABASE_URL": demo_database_url}
    assert "Demo cases: 14" in demo.result.stdout

    first = casetrail("verify", env=env)
    assert first.returncode == 0, first.stderr
    assert re.match(r"\d+ events, 14 cases, 0 checkpoints, 1 redactions: chain ok;", first.stdout)
    assert "verifying" in first.stderr  # the progress bar
    second = casetrail("verify", "--quiet", env=env)
    assert "1 checkpoints" in second.stdout

    rebuild = casetrail("rebuild", "--check", "--quiet", env=env)
    assert rebuild.returncode == 0, rebuild.stderr
    assert "state matches the chronology" in rebuild.stdout
