"""briefing.core.slug"""
