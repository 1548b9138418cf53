"""Reading the CLI's CSV text into DataFrames without losing a bit."""

from __future__ import annotations

import io
from typing import Any, Dict

import pandas as pd

# The CLI prints numbers in shortest round-trip form. pandas before 3.0 parses them exactly
# only with float_precision="round_trip"; 3.0 does so by default and deprecates the option.
_EXACT: Dict[str, Any] = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}


def read_csv(text: str) -> pd.DataFrame:
    """The CSV text as a DataFrame: numbers exact, empty cells missing, no other text
    (such as ``NA``) taken for a missing value."""
    return pd.read_csv(io.StringIO(text), keep_default_na=False, na_values=[""], **_EXACT)
