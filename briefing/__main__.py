from briefing.commands.main import run

run()
