"""briefing.core"""
