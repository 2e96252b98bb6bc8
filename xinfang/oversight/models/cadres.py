"""Records of the oversight part ``cadres`` (see ``xinfang.oversight.models``)."""

__all__: list[str] = []
