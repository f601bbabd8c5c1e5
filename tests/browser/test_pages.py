"""Every dashboard page loads in Chromium and draws its chart, offline (no request leaves localhost)."""

import pytest

pytestmark = pytest.mark.browser


def test_home_loads(app):
    app.goto("/")
    assert app.page.locator('[data-testid="stApp"]').count() == 1
    app.screenshot("home")
    assert app.external_requests() == []
