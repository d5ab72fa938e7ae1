"""briefing.listings"""
