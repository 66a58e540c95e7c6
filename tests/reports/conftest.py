from __future__ import annotations

import pytest

from households.facts import household_facts_refresh
from tests.programs.conftest import period, registry  # noqa: F401 - fixtures
from tests.programs.conftest import world as programs_world  # noqa: F401 - fixture


@pytest.fixture
def world(programs_world):  # noqa: F811
    """The targeting world, with the registry's stored facts recounted as the nightly job
    does (the world marks a recipient deceased directly, behind the facts' back)."""
    household_facts_refresh()
    return programs_world
