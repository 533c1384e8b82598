"""Pydantic models of what the API answers (public output apart from officers' views).

Usage::

    from api.http.schemas.items import ItemOut
    ItemOut.of(item).model_dump(mode="json")
"""

__all__ = ["catalogue", "items", "requests"]
