"""briefing.commands"""
