"""Editorial annotations: notes anchored to quotes in an article."""

from briefing.model.annotation import KINDS, Annotation, AnnotationSource, Kind

__all__ = ["KINDS", "Annotation", "AnnotationSource", "Kind"]
