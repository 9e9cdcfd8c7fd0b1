"""Secret references: resolved late, never shown."""

from __future__ import annotations

import pickle

import pytest

from escucha.secrets import Secret, SecretError, basic_auth_value, resolve, scrub


def test_env_file_and_literal_references(tmp_path, monkeypatch):
    monkeypatch.setenv("MY_TOKEN", "tok-env-123456")
    (tmp_path / "t").write_text("tok-file-654321\n", encoding="utf-8")
    assert resolve("env:MY_TOKEN").reveal() == "tok-env-123456"
    assert resolve(f"file:{tmp_path / 't'}").reveal() == "tok-file-654321"
    assert resolve("literal-abcdef").reveal() == "literal-abcdef"
    with pytest.raises(SecretError, match="'NOPE_NOT_SET'"):
        resolve("env:NOPE_NOT_SET", "options.token")
    with pytest.raises(SecretError, match="cannot be read"):
        resolve(f"file:{tmp_path / 'missing'}")


def test_secret_never_printed_pickled_or_left_in_messages(monkeypatch):
    monkeypatch.setenv("MY_TOKEN", "tok-env-abcdef")
    s = resolve("env:MY_TOKEN")
    assert "tok-env-abcdef" not in repr(s) + str(s) + f"{s}" and "env:MY_TOKEN" in repr(s)
    with pytest.raises(TypeError):
        pickle.dumps(s)
    header = basic_auth_value("bot@x.test/token", s)
    message = f"server said: bad token tok-env-abcdef (header {header})"
    cleaned = scrub(message)
    assert "tok-env-abcdef" not in cleaned and header.split()[1] not in cleaned and "***" in cleaned
    assert isinstance(s, Secret) and resolve(s) is s
