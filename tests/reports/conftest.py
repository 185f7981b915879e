from tests.events.conftest import negotiating  # noqa: F401 - shared fixture
