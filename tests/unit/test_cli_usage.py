"""`casetrail --help` lists every command of casetrail's own, so the list cannot drift."""

from pathlib import Path

from casetrail import cli

PACKAGE = Path(cli.__file__).parent


def test_help_lists_the_commands_operators_need(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "migrate", "createuser", "check"):
        assert f"\n  {command} " in out


def test_every_casetrail_command_is_in_the_help():
    ours = {
        path.stem
        for path in PACKAGE.glob("*/management/commands/*.py")
        if not path.stem.startswith("_")
    }
    assert ours, "no management commands found"
    assert ours - cli.HIDDEN_COMMANDS <= set(cli.OPERATOR_COMMANDS)


def test_no_arguments_shows_the_help(capsys):
    assert cli.main([]) == 0
    assert "usage: casetrail" in capsys.readouterr().out


def test_durations_read_as_words():
    from datetime import timedelta

    from casetrail.web.templatetags.casetrail import duration_words

    assert duration_words(timedelta(minutes=30)) == "30 minutes"
    assert duration_words(timedelta(minutes=75)) == "1 hour 15 minutes"
    assert duration_words(timedelta(hours=2)) == "2 hours"
    assert duration_words(timedelta(seconds=20)) == "1 minute"
