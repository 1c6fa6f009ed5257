"""Stand-in for jax: jax.lax.conv_transpose and conv_general_dilated (see ../README.md)."""
from . import lax  # noqa: F401
