"""Records of the oversight part ``assessment`` (see ``xinfang.oversight.models``)."""

__all__: list[str] = []
