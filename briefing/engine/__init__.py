"""briefing.engine"""
