import pytest


@pytest.fixture(autouse=True)
def _english_free_defaults(settings):
    """Tests read the UI as users do: in Chinese, the default language."""
    settings.LANGUAGE_CODE = "zh-hans"
