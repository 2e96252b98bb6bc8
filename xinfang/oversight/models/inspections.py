"""Records of the oversight part ``inspections`` (see ``xinfang.oversight.models``)."""

__all__: list[str] = []
