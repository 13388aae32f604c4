"""Settings come from the environment, fail loudly, and are safe in production."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.core.exceptions import ImproperlyConfigured

from diseasemaps.env import envbool, envint, envlist, envsecret
from tests.project.helpers import PRODUCTION_ENV, ROOT, run_manage


class TestEnvironmentHelpers:
    def test_envbool_reads_common_words_and_rejects_others(self, monkeypatch):
        monkeypatch.setenv("FLAG", "yes")
        assert envbool("FLAG") is True
        monkeypatch.setenv("FLAG", "off")
        assert envbool("FLAG", True) is False
        monkeypatch.setenv("FLAG", "maybe")
        with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
            envbool("FLAG")

    def test_envint_rejects_non_numbers(self, monkeypatch):
        monkeypatch.setenv("NUMBER", "12")
        assert envint("NUMBER", 3) == 12
        monkeypatch.setenv("NUMBER", "twelve")
        with pytest.raises(ImproperlyConfigured, match="NUMBER='twelve' is not an integer"):
            envint("NUMBER", 3)

    def test_envlist_splits_on_commas(self, monkeypatch):
        monkeypatch.setenv("HOSTS", " a.example , b.example,")
        assert envlist("HOSTS") == ["a.example", "b.example"]

    def test_envsecret_reads_a_file(self, monkeypatch, tmp_path):
        secret = tmp_path / "secret"
        secret.write_text("from-a-file\n")
        monkeypatch.setenv("TOKEN_FILE", str(secret))
        assert envsecret("TOKEN") == "from-a-file"
        monkeypatch.setenv("TOKEN_FILE", str(tmp_path / "missing"))
        with pytest.raises(ImproperlyConfigured, match="TOKEN_FILE"):
            envsecret("TOKEN")


class TestProductionSettings:
    def test_debug_off_without_secret_key_refuses_to_start(self):
        result = run_manage("check", env={"DEBUG": "0", "SECRET_KEY": ""})
        assert result.returncode != 0
        assert "SECRET_KEY must be set when DEBUG is off" in result.stderr

    def test_debug_is_off_unless_set(self):
        result = run_manage(
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
            env={"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"], "SITE_URL": PRODUCTION_ENV["SITE_URL"]},
        )
        assert result.stdout.strip() == "False", result.stderr

    def test_a_bad_boolean_fails_loudly(self):
        result = run_manage("check", env={**PRODUCTION_ENV, "DEBUG": "perhaps"})
        assert result.returncode != 0
        assert "DEBUG='perhaps' is not a boolean" in result.stderr

    def test_deployment_checks_pass_with_production_settings(self):
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
        assert result.returncode == 0, result.stdout + result.stderr

    def test_static_files_collect_for_production(self, tmp_path):
        """WhiteNoise's manifest storage refuses a file that points at a missing one (a source map, say)."""
        env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
        result = run_manage("collectstatic", "--noinput", "-v0", env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        assert (tmp_path / "staticfiles.json").exists()
        assert list(tmp_path.glob("vendor/accessible-autocomplete/accessible-autocomplete.min.*.js"))

    def test_redis_url_switches_the_cache_to_the_resilient_redis_backend(self):
        code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
        result = run_manage(
            "shell", "--no-imports", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/1"}
        )
        assert result.stdout.strip() == "diseasemaps.cache.ResilientRedisCache", result.stderr

    def test_database_url_selects_postgresql(self):
        code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
        env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.internal:5432/maps"}
        result = run_manage("shell", "--no-imports", "-c", code, env=env)
        assert result.stdout.strip() == "django.db.backends.postgresql maps", result.stderr

    def test_the_file_email_backend_writes_where_email_file_path_says(self, tmp_path):
        env = {
            **PRODUCTION_ENV,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        }
        result = run_manage("sendtestemail", "someone@example.org", env=env)
        assert result.returncode == 0, result.stderr
        [sent] = (tmp_path / "mail").iterdir()
        assert "To: someone@example.org" in sent.read_text()


@pytest.mark.parametrize("name", ["db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "db.sqlite3-journal"])
def test_the_sqlite_database_and_its_side_files_are_not_committed(name):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, f"{name} is not in .gitignore"


class TestContentSecurityPolicy:
    @pytest.mark.parametrize("path", ["/", "/conditions/", "/conditions/neonatal-hemochromatosis/", "/nowhere/"])
    def test_every_page_has_a_nonce_csp_without_unsafe_inline_scripts(self, client, condition, path):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        script_src = directives["script-src"]
        nonce = re.search(r"'nonce-([^']+)'", script_src)
        assert nonce, policy
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts, "each page carries at least its JSON-LD block"
        assert all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts), scripts

    def test_each_response_gets_a_fresh_nonce(self, client, condition):
        first = client.get("/")["Content-Security-Policy"]
        second = client.get("/")["Content-Security-Policy"]
        assert first != second

    def test_admin_is_covered_too(self, admin_client):
        assert "script-src 'self'" in admin_client.get("/admin/")["Content-Security-Policy"]


def test_pages_are_marked_for_translation_and_localised(client, condition):
    response = client.get("/", headers={"accept-language": "en"})
    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
