"""briefing.load.site"""
