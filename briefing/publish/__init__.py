"""briefing.publish.files"""
