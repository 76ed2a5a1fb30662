"""Contact detection: gazetteer, mention finding, contact/status/date rules.

``Detector.from_config(cfg).detect(text, published, title)`` returns the
:class:`pipeline.contacts.Contact` records an article states.
"""

from pipeline.detect.detector import Detector

__all__ = ["Detector"]
