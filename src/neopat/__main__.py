from neopat.cli import main

main()
