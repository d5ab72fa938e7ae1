"""briefing.build.api"""
