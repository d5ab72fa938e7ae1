"""briefing.model"""
