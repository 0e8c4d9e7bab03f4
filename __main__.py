from dipevents.cli.app import main

main()
